from . import base_import, dental_book_import, dental_document_print, dental_patient_anonymize_wizard
