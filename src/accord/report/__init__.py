"""accord.report: tables, plots and the HTML report.

The package is also callable, so ``accord.report(model, "report.html", db=...)`` is the Python
twin of ``accord report`` even after ``accord.report.plots`` and friends were imported (which
binds the name ``accord.report`` to this package)::

    import accord
    html = accord.report("examples/ukraine-2025/model.yaml")            # the HTML text
    accord.report("examples/ukraine-2025/model.yaml", "report.html", db="accord.db")

See :func:`accord.report.html.report` for the parameters.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableReportPackage(types.ModuleType):
    """This package, callable as :func:`accord.report.html.report`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from accord.report.html import report

        return report(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableReportPackage
