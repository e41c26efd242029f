from lamtheo.org.imports.command import ImportCommand
from lamtheo.org.imports.units import import_units


class Command(ImportCommand):
    help = (
        "Import units from an XLSX or CSV file (Mã đơn vị, Tên đơn vị, Loại, Mã đơn vị cấp "
        "trên). All rows or none; exit 0 imported, 1 invalid rows, 2 unreadable file."
    )
    importer = staticmethod(import_units)
