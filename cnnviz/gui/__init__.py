"""The desktop application: main window, panels, canvas and workers (PySide6)."""
