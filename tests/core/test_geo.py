import pytest

from tafelrunde.core.geo import bounding_box, distances_km, haversine_km


def test_distance_between_cities():
    dresden, berlin = (51.0509, 13.7383), (52.5244, 13.4105)
    assert haversine_km(*dresden, *berlin) == pytest.approx(165, abs=2)
    assert haversine_km(*dresden, *dresden) == 0


def test_distance_across_the_date_line():
    assert haversine_km(0, 179.5, 0, -179.5) == pytest.approx(111.2, abs=0.5)


@pytest.mark.parametrize(
    ("lat", "lon"), [(51.05, 13.74), (64.1, -21.9), (-33.9, 151.2), (0.0, 0.0), (70.0, 25.0)]
)
def test_the_box_holds_the_whole_circle(lat, lon):
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, 50)
    for bearing_lat, bearing_lon in [(1, 0), (-1, 0), (0, 1), (0, -1), (0.7, 0.7), (-0.7, -0.7)]:
        # Walk out to just inside 50 km in this direction and check the point is in the box.
        step = 0.01
        plat, plon = lat, lon
        while haversine_km(lat, lon, plat + bearing_lat * step, plon + bearing_lon * step) < 50:
            plat, plon = plat + bearing_lat * step, plon + bearing_lon * step
        assert min_lat <= plat <= max_lat
        assert min_lon <= plon <= max_lon


def test_the_box_is_not_much_bigger_than_the_circle():
    min_lat, max_lat, min_lon, max_lon = bounding_box(51.05, 13.74, 50)
    assert haversine_km(min_lat, 13.74, max_lat, 13.74) == pytest.approx(100, abs=1)
    assert haversine_km(51.05, min_lon, 51.05, max_lon) < 105


def test_near_the_pole_or_the_date_line_the_box_spans_all_longitudes():
    assert bounding_box(89.9, 10, 50)[2:] == (-180.0, 180.0)
    assert bounding_box(0, 179.9, 50)[2:] == (-180.0, 180.0)


def test_distances_from_one_point_are_the_haversine_distances():
    dresden = (51.05, 13.74)
    points = [(51.05, 13.74), (52.52, 13.40), (-33.87, 151.21), (51.05, -166.26), (89.9, 0.0)]
    assert distances_km(*dresden, points) == pytest.approx(
        [haversine_km(*dresden, *point) for point in points], abs=1e-6
    )
    assert distances_km(0, 179.5, [(0, -179.5)]) == pytest.approx([111.2], abs=0.5)
