from heard.cli import app

app()
