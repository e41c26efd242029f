from lamtheo.org.imports.command import ImportCommand
from lamtheo.org.imports.people import import_people


class Command(ImportCommand):
    help = (
        "Import people from an XLSX or CSV file (the columns of the template at "
        "/imports/template/people.xlsx). All rows or none; exit 0 imported, 1 invalid rows, "
        "2 unreadable file."
    )
    importer = staticmethod(import_people)
