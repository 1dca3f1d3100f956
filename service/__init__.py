"""The partnership metadata service: a read-only, versioned REST API over evidence-backed facts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from service.config import Config

# The app's modules are imported when an app is made, not with the package: gunicorn's logging
# config imports service.logs alone, also for processes that never make this app.


def create_app(config: Config | None = None) -> Flask:
    """Build the app; nothing connects anywhere at import time."""
    from schemas.patterns import import_with_large_patterns_deferred

    # PyYAML, first imported here (flask-smorest and the seed parser import it too): the
    # pattern its pure-Python reader checks text with, which libyaml's never uses, is then
    # compiled only if used.
    import_with_large_patterns_deferred("yaml")
    from werkzeug.middleware.proxy_fix import ProxyFix

    from service import api, docs, errors, headers, health, logs, metrics, ratelimit, replay
    from service.application import ServiceFlask
    from service.config import Config
    from service.http import refuse_unacceptable
    from service.metrics import StoreMetrics
    from service.pages import PageCache
    from service.state import ServiceState
    from service.store.connect import create_store

    config = config or Config.from_env()
    logs.configure(config.log_level)
    app = ServiceFlask(__name__)
    app.config.update(TESTING=config.testing, JSON_SORT_KEYS=False)

    store_metrics = StoreMetrics()
    state = ServiceState(
        config=config,
        store=create_store(config, store_metrics),
        cache_control=(
            f"public, max-age={config.cache_max_age}, "
            f"stale-while-revalidate={config.stale_while_revalidate}"
        ),
        pages=PageCache(store_metrics),
    )
    app.extensions["partnership_api"] = state
    app.before_request(refuse_unacceptable)

    headers.init_app(app, config)
    logs.init_app(app)
    requests = metrics.init_app(app, store_metrics)
    limiter = ratelimit.init_app(app, config)
    api.init_app(app, state)
    docs.init_app(app)
    health.init_app(app)
    if config.answer_cache_mb:
        # Inside ProxyFix, so the client it counts is the one ProxyFix found.
        app.wsgi_app = replay.Replayer(  # type: ignore[method-assign]
            app.wsgi_app,
            state.store,
            state.api_prefixes,
            limiter,
            requests,
            store_metrics,
            cors=bool(config.cors_allowed),
            max_bytes=config.answer_cache_mb * 1024 * 1024,
        )
    if config.trusted_proxies:
        # Only behind that many proxies may X-Forwarded-For name the client; never by default.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=config.trusted_proxies, x_proto=config.trusted_proxies
        )
    # Last, so our problem+json handlers replace the ones flask-smorest registers.
    errors.init_app(app)
    return app
