"""Everything that knows Label Studio, and nothing else does.

``payloads`` reads what Label Studio sends to the routes (setup, predict,
webhook events) into typed objects; ``tasks`` and ``predict`` turn tasks into
validated predictions (``config`` maps labels, ``results`` builds regions,
``validate`` and ``check`` check them); ``annotations`` reads a result into a
:class:`~qawl.gold_doc.GoldDoc`; ``export`` reads a JSON export and ``client``
pulls annotated tasks through label-studio-sdk.
"""
