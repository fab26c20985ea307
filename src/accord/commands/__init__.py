"""CLI command modules: each ``register(app)`` adds thin commands over the library."""
