from . import beeline, gateway, smsc, telegram, twilio, whatsapp
