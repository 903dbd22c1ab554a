"""Great-circle distance (the travel estimate's straight line) through geographiclib.

The distance is geopy's ``great_circle``: a sphere of mean radius 6,371.009 km. It is
computed by geographiclib, the geodesic library geopy itself depends on, on that sphere
(flattening 0), because importing ``geopy.distance`` runs geopy's package, which loads
every geocoder and ``requests`` (about a tenth of a second on each ``report``, for two or
three distances). The two agree to 1e-12 relative.
"""

from __future__ import annotations

import math
from functools import cache

from geographiclib.geodesic import Geodesic

from creneau.domain.places import Place

EARTH_RADIUS_KM = 6371.009
"""The sphere's radius in km: the IUGG mean radius, geopy's ``EARTH_RADIUS``."""


@cache
def _sphere() -> Geodesic:
    return Geodesic(EARTH_RADIUS_KM, 0.0)


def great_circle_km(origin: Place, target: Place) -> float:
    """Great-circle distance in kilometres, on a sphere of radius :data:`EARTH_RADIUS_KM`
    (C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87, 2013, with flattening 0;
    the same as R. W. Sinnott's haversine, "Virtues of the Haversine", Sky and Telescope
    68(2), 1984); 0.0 if the result is not finite."""
    answer = _sphere().Inverse(
        origin.latitude, origin.longitude, target.latitude, target.longitude, Geodesic.DISTANCE
    )
    value = float(answer["s12"])
    return value if math.isfinite(value) else 0.0
