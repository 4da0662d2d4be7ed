"""Running scraper's cleaning on engines that reach past one machine.

    INPUT... ──plan (client)──▶ [Task] ──Dask workers: clean + write──▶ DIR or fsspec URL
    Scrapy spider ──item──▶ ScraperPipeline ──worker processes──▶ item with the Document

The public faces are ``scraper.dask`` (``clean``) and ``scraper.scrapy``
(``ScraperPipeline``, with the mapping of Scrapy items and settings to pages,
documents and ``ExtractConfig``); this package holds what the Dask client shares with
its workers: the plan of tasks and what a worker runs (``tasks``), each worker's
cleaning pool (``cleaners``), how a worker writes its documents (``output``), and the
same shards cut from a local run (``shards``). Cleaning itself is the same code as a
local run's: ``scraper.cleaning.job_pages`` reads saved pages and
``scraper.pool.CleaningPool`` cleans them in worker processes, with its time limit
(on a Dask worker and in a Scrapy crawl alike).
"""
