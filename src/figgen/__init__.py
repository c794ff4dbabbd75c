"""figgen: the numbers and figures of the backpropagation article, computed from one network.

The math lives in :mod:`figgen.network` (numpy only); the walkthrough record in
:mod:`figgen.walkthrough`; everything that draws or writes files lives elsewhere.
"""

__version__ = "0.1.0"
