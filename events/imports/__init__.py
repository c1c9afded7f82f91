"""Reading import files: c3voc ``schedule.json`` / ``schedule.xml`` (pretalx, frab) and tables (CSV, XLSX).

The readers only parse: they turn a file into plain records and note every value they had to map on the way
(a base64 GUID, a language code, a night session's date). Writing is ``events.services.imports``.
"""
