"""HTTP/WebSocket edge of Convoy: app factory, settings, auth, middleware, IDE, CLI."""
