"""qawl: Arabic quotes, speakers and named entities, as a library and as a Label Studio ML backend.

    from qawl import Annotator
    doc = Annotator.load().annotate("قال الوزير إن الاجتماع انتهى.")

``Annotator`` is imported on first use, so ``import qawl`` (and the ``qawl``
command) stays light; the HTTP service is ``qawl.app.create_app``.
"""

__version__ = "0.1.0"

__all__ = ["Annotator", "Document", "__version__"]


def __getattr__(name: str):
    if name == "Annotator":
        from .pipeline import Annotator

        return Annotator
    if name == "Document":
        from .document import Document

        return Document
    raise AttributeError(f"module 'qawl' has no attribute {name!r}")
