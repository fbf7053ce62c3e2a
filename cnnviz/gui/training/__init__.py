"""The Training panel: a form, live plots, and the controller that runs the worker."""
