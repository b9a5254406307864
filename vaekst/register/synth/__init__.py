"""A synthetic CVR register calibrated to published Danish figures (issue #2, point 5).

`process` simulates the firm population, `documents` turns it into `Vrvirksomhed`
documents in the real register's format, `financials` into key-figure lines, and `writer`
writes the files for `vaekst synth_register`.
"""
