"""`python -m triage.corpus`: regenerate the corpus files."""

from triage.corpus.build import write

write()
