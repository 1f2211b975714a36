# syntax=docker/dockerfile:1
# Heard: one image, four services. Each Deployment picks its service with
#   args: ["serve", "<ingest|classifier|router|notifier>"]
# Build:  docker build -t heard:latest .
# Try:    docker run --rm -p 8000:8000 -e HEARD_KAFKA_BOOTSTRAP_SERVERS=... heard:latest serve classifier

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY . .
# A regular (non-editable) install: the image holds only what the wheel packages.
RUN --mount=type=cache,target=/root/.cache/pip pip install .

FROM python:3.11-slim
RUN groupadd --system --gid 10001 heard \
 && useradd --system --uid 10001 --gid heard --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin heard
COPY --from=build /opt/venv /opt/venv
# Bytecode was compiled at install time; the root filesystem is read-only in Kubernetes.
# HEARD_DATA_DIR only matters without HEARD_DATABASE_URL (a throwaway SQLite file per
# container); on Kubernetes every service points HEARD_DATABASE_URL at PostgreSQL.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HEARD_HTTP_HOST=0.0.0.0 \
    HEARD_HTTP_PORT=8000 \
    HEARD_DATA_DIR=/tmp/heard
WORKDIR /app
# Numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
EXPOSE 8000
ENTRYPOINT ["heard"]
CMD ["--help"]
