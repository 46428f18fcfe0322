"""Events: ACLED/PLOVER coding of what the claims report, with offline geocoding."""
