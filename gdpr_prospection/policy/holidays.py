"""French public holidays (Code du travail L3133-1): no phone canvassing on
them (Code de la consommation D223-9). The eleven national holidays; the two
extra days of Alsace-Moselle (Good Friday, 26 December) are not included."""

import datetime

# (month, day) of the holidays on a fixed date
FIXED = (
    (1, 1),  # New Year's Day
    (5, 1),  # Labour Day
    (5, 8),  # Victory in Europe Day
    (7, 14),  # Bastille Day
    (8, 15),  # Assumption
    (11, 1),  # All Saints' Day
    (11, 11),  # Armistice Day
    (12, 25),  # Christmas Day
)
# days after Easter Sunday of the movable holidays
EASTER_MONDAY = 1
ASCENSION = 39
WHIT_MONDAY = 50


def easter_sunday(year):
    """Easter Sunday of ``year`` in the Gregorian calendar (the anonymous
    Gregorian algorithm, also known as Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def public_holidays(year):
    """The French public holidays of ``year``, as a sorted list of dates."""
    easter = easter_sunday(year)
    movable = [easter + datetime.timedelta(days=offset) for offset in (EASTER_MONDAY, ASCENSION, WHIT_MONDAY)]
    return sorted([datetime.date(year, month, day) for month, day in FIXED] + movable)


def is_public_holiday(day):
    """True when the date ``day`` is a French public holiday."""
    return day in public_holidays(day.year)
