"""Pure computation for cnnviz: models, preprocessing, recording, training.

Nothing in this package imports Qt or pyqtgraph; everything here can be used
from a script or a notebook.
"""
