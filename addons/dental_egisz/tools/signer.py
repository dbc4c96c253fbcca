"""Signers producing a detached CMS signature (DER bytes) of a document, for the doctor and the organisation.

``dental.egisz.document`` builds one from the branch's settings (:func:`make_signer`) and calls
``sign(data, thumbprint)``. Three implementations: CryptoPro's command line (``cryptcp``/``csptest`` on the server,
with the certificates in its store), an HTTP signing service, and a test signer (RSA, not ГОСТ: ЕГИСЗ refuses it)
that works only while Odoo runs its tests. No ORM here.
"""

import base64
import datetime
import logging
import os
import shlex
import subprocess
import tempfile
import time

import requests

from odoo.addons.dental_patient.tools.http_retry import RetriesExhausted, request_with_retries

_logger = logging.getLogger(__name__)
SIGNERS = {}


class SignerError(Exception):
    """The signature could not be made; the message says why (no secret in it)."""


def register(cls):
    SIGNERS[cls.code] = cls
    return cls


class Signer:
    code = None

    def __init__(self, command="", url="", timeout=30.0, max_retries=2, backoff=0.5, sleep=time.sleep):
        self.command = command
        self.url = url
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self._sleep = sleep

    def sign(self, data, thumbprint):
        """Detached CMS signature (DER) of ``data`` with the certificate ``thumbprint``."""
        raise NotImplementedError


@register
class CommandSigner(Signer):
    """CryptoPro on the server: the branch's command with {input}, {outdir}, {thumbprint}; reads ``<input>.sgn``."""

    code = "command"

    def sign(self, data, thumbprint):
        if not thumbprint:
            raise SignerError("no certificate thumbprint")
        with tempfile.TemporaryDirectory(prefix="egisz-sign-") as folder:
            source = os.path.join(folder, "document.xml")
            with open(source, "wb") as handle:
                handle.write(data)
            args = [
                part.format(input=source, outdir=folder, thumbprint=thumbprint) for part in shlex.split(self.command)
            ]
            try:
                result = subprocess.run(args, capture_output=True, timeout=self.timeout, check=False)
            except FileNotFoundError as error:
                raise SignerError(f"signing program not found: {args[0]}") from error
            except subprocess.TimeoutExpired as error:
                raise SignerError("the signing program did not answer in time") from error
            if result.returncode:
                tail = (result.stdout + result.stderr).decode("utf-8", "replace").strip()[-300:]
                raise SignerError(f"the signing program failed ({result.returncode}): {tail}")
            for name in ("document.xml.sgn", "document.xml.sig", "document.sgn"):
                path = os.path.join(folder, name)
                if os.path.exists(path):
                    with open(path, "rb") as handle:
                        return handle.read()
        raise SignerError("the signing program wrote no signature file")


@register
class HttpSigner(Signer):
    """A signing service: POST JSON {data (base64), thumbprint, detached: true} -> {signature (base64)}."""

    code = "http"

    def sign(self, data, thumbprint):
        if not self.url:
            raise SignerError("no signing service URL")
        try:
            response = request_with_retries(
                requests.Session(),
                "POST",
                self.url,
                timeout=self.timeout,
                max_retries=self.max_retries,
                backoff=self.backoff,
                sleep=self._sleep,
                logger=_logger,
                label="ЕГИСЗ signing service",
                json={"data": base64.b64encode(data).decode(), "thumbprint": thumbprint, "detached": True},
            )
        except RetriesExhausted as error:
            raise SignerError(f"signing service unreachable ({error.last_error})") from None
        except requests.ReadTimeout:
            raise SignerError("signing service: no answer in time") from None
        if response.status_code != 200:
            raise SignerError(f"signing service answered HTTP {response.status_code}")
        try:
            return base64.b64decode(response.json()["signature"], validate=True)
        except (ValueError, KeyError, TypeError) as error:
            raise SignerError("signing service: no signature in the answer") from error


@register
class TestSigner(Signer):
    """RSA-SHA256 CMS with a throw-away self-signed certificate: for tests only, never accepted by ЕГИСЗ."""

    code = "test"
    _key = None

    def sign(self, data, thumbprint):
        from odoo.modules.module import current_test
        from odoo.tools import config

        if not (current_test or config["test_enable"]):
            raise SignerError("the test signer works only in test mode")
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.hazmat.primitives.serialization import pkcs7
        from cryptography.x509.oid import NameOID

        if TestSigner._key is None:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dental_egisz test signer")])
            now = datetime.datetime.now(datetime.UTC)
            cert = (
                x509.CertificateBuilder()
                .subject_name(name)
                .issuer_name(name)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=365))
                .sign(key, hashes.SHA256())
            )
            TestSigner._key = (key, cert)
        key, cert = TestSigner._key
        return (
            pkcs7.PKCS7SignatureBuilder()
            .set_data(data)
            .add_signer(cert, key, hashes.SHA256())
            .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature])
        )


def make_signer(code, **kwargs):
    if code not in SIGNERS:
        raise SignerError(f"unknown signer {code!r}")
    return SIGNERS[code](**kwargs)
