from . import xray_import
