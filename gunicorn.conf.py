"""gunicorn settings read from the working directory (`gunicorn travel.wsgi`).

The access log is the common log format with the request line and URL redacted
(travel/redact.py): private calendar-feed tokens and other secrets in paths never reach
the log. To log elsewhere, pass `--access-logfile PATH`; keep this logger class.
"""

from gunicorn.glogging import Logger

from travel.redact import redact

# Common log format plus the response time in microseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


logger_class = RedactingLogger
