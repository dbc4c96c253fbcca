from . import dental_marketing_demo
