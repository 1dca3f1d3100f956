# Build stage: the dependencies alone, in their own layer, read from pyproject.toml.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY pyproject.toml ./
RUN python -m venv /opt/venv \
 && python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
 && /opt/venv/bin/pip install -r requirements.txt

# Runtime stage: the environment, the code and the seeds, run as a non-root user.
FROM python:3.11-slim
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --no-create-home app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY gunicorn.conf.py ./
COPY schemas ./schemas
COPY service ./service
COPY seeds ./seeds
ENV PATH="/opt/venv/bin:$PATH" PYTHONPATH=/app PYTHONUNBUFFERED=1 HOST=0.0.0.0 PORT=8000
# Bytecode compiled into the image: the app's user cannot write __pycache__ under /app, so every
# start would otherwise compile each of the app's modules again before it could answer.
RUN python -m compileall -q schemas service
# Numeric, so the platform can check that the container does not run as root.
USER 10001:10001
EXPOSE 8000
# Asks the address gunicorn binds ($HOST, $PORT), so a container run with another PORT stays healthy.
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["python", "-m", "service.healthcheck", "/livez"]
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
