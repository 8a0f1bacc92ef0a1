# Sourced by estat_prefecture.sh. make_prefecture SRC.shp OUT_DIR builds a TEST FIXTURE, not real
# data: a "prefecture-wide" e-Stat 小地域 file made from the real Tottori city cut
# (tests/data/tottori, see its PROVENANCE.md): the 677 pieces of 31201 with piece fid 1 made a
# self-intersecting bow-tie, plus copies of fids 0..4 moved to another municipality (CITY '202',
# KEY_CODE 31202…, shifted 1° east, about 90 km, still in Japan), the
# copy of fid 2 a bow-tie too. Written as UTF-8 (.cpg) to
# OUT_DIR/prefecture_31_TEST_FIXTURE.shp. CITY_BOWTIE=0 leaves fid 1 as it is (only the other
# municipality's polygon is invalid).
make_prefecture() {
    local src=$1 out=$2 w=$2/work.sqlite cols bowtie city_fid=2
    [ "${3:-1}" = 1 ] || city_fid=-1
    ogr2ogr -f SQLite -dsco SPATIALITE=YES -lco LAUNDER=NO -oo ENCODING=CP932 -nln pref \
        -nlt PROMOTE_TO_MULTI "$w" "$src"
    cols=$(spatialite -silent "$w" "SELECT group_concat('\"' || name || '\"', ',') FROM
        pragma_table_info('pref') WHERE upper(name) NOT IN ('OGC_FID', 'GEOMETRY', 'CITY', 'KEY_CODE')")
    local g=GEOMETRY
    bowtie="CastToMultiPolygon(GeomFromText(printf('POLYGON((%.7f %.7f,%.7f %.7f,%.7f %.7f,%.7f %.7f,%.7f %.7f))',
        MbrMinX($g), MbrMinY($g), MbrMaxX($g), MbrMaxY($g), MbrMaxX($g), MbrMinY($g),
        MbrMinX($g), MbrMaxY($g), MbrMinX($g), MbrMinY($g)), 4612))"
    # ogc_fid is the shapefile fid + 1
    spatialite -silent "$w" "
      INSERT INTO pref ($cols, CITY, KEY_CODE, GEOMETRY)
        SELECT $cols, '202', '31202' || substr(KEY_CODE, 6),
               ShiftCoords(CASE WHEN ogc_fid = 3 THEN $bowtie ELSE GEOMETRY END, 1.0, 0)
        FROM pref WHERE ogc_fid BETWEEN 1 AND 5 ORDER BY ogc_fid;
      UPDATE pref SET GEOMETRY = $bowtie WHERE ogc_fid = $city_fid;"
    ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 -nln prefecture_31_TEST_FIXTURE \
        "$out/prefecture_31_TEST_FIXTURE.shp" "$w" pref
    rm -f "$w"
}
