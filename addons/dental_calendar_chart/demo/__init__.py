from . import dental_calendar_chart_demo
