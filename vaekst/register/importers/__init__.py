"""Importers of the CVR register and of yearly key figures (files, XBRL annual reports).

Modules: `reading` (files and their shapes), `cvr` (normalising a `Vrvirksomhed`
document), `pipeline` (batches, parsed ahead), `writer` (company batches, written with
`vaekst.lib.bulk`: COPY or executemany), `financials` (key-figures file and the merge
into YearlyFigures), `xbrl` (annual reports), `summary` (counts and the rejects file).
Entry points are in `vaekst.register.services`.
"""
