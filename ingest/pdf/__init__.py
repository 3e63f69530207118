"""The PDF reader, a package with one module per concern.

    reader      opening a file, reading its pages (the only importer of pdfplumber)
    chars       characters, drawn shapes and words from pdfminer's layout objects
    turn        text drawn turned: which way characters run, a sideways page read turned
    order       visual lines, segments and the reading order of two-column pages
    ruled       tables drawn with rules (pdfplumber's table finder)
    unruled     tables set without rules (aligned columns), and what is not a table
    charts      chart regions, whose labels are not tables
    fragments   table fragments with their captions, for stitching across pages
    layout      furniture, headings, contents pages and covers
    assemble    the reader's pages to the shared model (clean text, stitched tables)
    settings    every tolerance, with why it has its value
    page        the reader's working page model

Use ``read(path, doc_id)``; ``dehyphenate`` is shared with the other readers.
"""

from ingest.pdf.assemble import dehyphenate
from ingest.pdf.reader import Progress, read

__all__ = ["Progress", "dehyphenate", "read"]
