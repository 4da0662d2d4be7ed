"""Running scraper's cleaning on engines that reach past one machine.

    INPUT... ──plan (client)──▶ [Task] ──Dask workers: clean + write──▶ DIR or fsspec URL
    Scrapy spider ──item──▶ ScraperPipeline ──worker processes──▶ item with the Document

The public faces are ``scraper.dask`` (``clean``) and ``scraper.scrapy``
(``ScraperPipeline``); this package holds what they share with their workers: the
plan of tasks and what a worker runs (``tasks``), how a worker writes its documents
(``output``), and how Scrapy items and settings map to pages, documents and
``ExtractConfig`` (``items``). Cleaning itself is the same code as a local run's:
``scraper.cleaning.clean_job`` for saved pages, ``scraper.batch.clean_batch`` for pages
in memory.
"""
