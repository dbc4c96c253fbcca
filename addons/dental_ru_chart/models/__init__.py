from . import template_ru
