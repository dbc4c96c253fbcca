from . import dental_portal_demo
