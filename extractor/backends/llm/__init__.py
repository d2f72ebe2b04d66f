"""The model backend: any OpenAI-compatible endpoint, through openai's and instructor's public API.

Modules, in the order a request flows through them:

* ``config``: endpoint, model, mode, key, chunk size and prices (no heavy imports: the CLI asks it on every run);
* ``prompt``: the prompt files turned into a byte-identical cacheable prefix and a per-chunk user message;
* ``schema``: the response schema the model fills, its compact text for the prompt, its validators
  (the chunk reaches them through a context variable), and conversion to the shared records;
* ``response``: clean-up of an answer (reasoning blocks, fences) and re-validation of cached answers;
* ``transport``: which HTTP failures are retried and how each is described in one line;
* ``cache``: the response cache;
* ``client``: one chunk in, records out (instructor's re-asks, tenacity's transport retries);
* ``backend``: the ``DocumentBackend`` for ``llm`` and ``hybrid``.

Nothing here is imported by ``extractor.backends`` until a model backend is asked for.
"""
