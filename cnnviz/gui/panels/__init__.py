"""One dockable panel per module; each takes the session and listens to its signals."""
