"""Running scraper's cleaning on engines that reach past one machine.

    INPUT... ──plan (client)──▶ [Task] ──Dask workers: clean + write──▶ DIR or fsspec URL
    Scrapy spider ──item──▶ ScraperPipeline ──worker processes──▶ item with the Document

The public faces are ``scraper.dask`` (``clean``) and ``scraper.scrapy``
(``ScraperPipeline``, with the mapping of Scrapy items and settings to pages,
documents and ``ExtractConfig``); this package holds what the Dask client shares with
its workers: the plan of tasks and what a worker runs (``tasks``), and how a worker
writes its documents (``output``). Cleaning itself is the same code as a local
run's: ``scraper.cleaning.job_pages`` reads saved pages, ``scraper.batch.clean_one``
cleans one page (on a Dask worker), ``scraper.pool.CleaningPool`` cleans in worker
processes (in a Scrapy crawl).
"""
