# A 24-hour clock in English too ("20:30", not "8:30 p.m."): times on the call list, in
# invitations and in calendars are always written this way.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
