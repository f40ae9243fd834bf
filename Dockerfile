# badgeservice: multi-stage, non-root; migrates the database, then serves.
# Build and run where a Docker engine runs (the development machines have none):
#   docker build -t badgeservice .
#   docker run -p 8000:8000 -e BADGESERVICE_ENVIRONMENT=production \
#     -e BADGESERVICE_PUBLIC_URL=https://badges.example.org \
#     -e BADGESERVICE_KEY_ENCRYPTION_KEY=... \
#     -e BADGESERVICE_DATABASE_URL=postgresql+psycopg://user:pass@db/badges badgeservice

FROM python:3.11-slim-bookworm AS build
ENV UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY src ./src
COPY migrations ./migrations
RUN uv sync --frozen --no-dev --no-editable

FROM python:3.11-slim-bookworm AS runtime
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin badges \
 && mkdir -p /data && chown badges /data
COPY --from=build --chown=badges /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    BADGESERVICE_DATA_DIR=/data \
    BADGESERVICE_DATABASE_URL=sqlite:////data/badgeservice.db
USER badges
WORKDIR /app
EXPOSE 8000
# `serve` migrates to head before listening.
CMD ["badgeservice", "serve", "--host", "0.0.0.0", "--port", "8000"]
