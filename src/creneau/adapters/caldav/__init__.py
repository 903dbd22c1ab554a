"""CalDAV adapter (RFC 4791): reads her calendars and writes the plan, with ``caldav``."""
