from . import beeline, gateway, smsc, twilio
