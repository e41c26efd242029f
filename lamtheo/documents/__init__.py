"""The documents kit: what every printed document and every spreadsheet of lamtheo shares.

- `text`: text safe for a document or a spreadsheet cell, the Vietnamese date line, file names.
- `layout`: the Party document layout (Hướng dẫn 36-HD/VPTW) as plain data: the letterhead
  (the upper body, the issuing body, number and symbol, place and date), the signature blocks
  and "Nơi nhận". Callers pass names as they were on the document's date; the kit knows no unit.
- `builder`: python-docx building blocks that write those parts into a DOCX template.
- `render`: a template filled in with docxtpl; `PartyDocument`, a whole document from data.
- `exporters`: `ListExporter`, rows declared once and written as XLSX or CSV, formula-safe.
- `pdf`: a DOCX converted to PDF by LibreOffice headless.
- `http`: a download response.

This app is in the `core` layer: it imports nothing of the domain (see docs/architecture.md,
"Documents kit").
"""
