from . import diagnocat
