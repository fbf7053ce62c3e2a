"""The GUI fixtures (application, private data folder, settings, window) for the reliability tests."""

from tests.gui.conftest import configured_app, private_data_dir, settings, window

__all__ = ["configured_app", "private_data_dir", "settings", "window"]
