"""The open-data API driven by real clients from PyPI, against a running `ioc` with the
demo data (E2E_BASE_URL): CKAN's own Python client (ckanapi) and an RDF parser (rdflib).
"""

import csv
import io
import json
import os
import unittest
import urllib.request

import ckanapi
import rdflib
from rdflib.namespace import DCAT, DCTERMS, RDF

BASE = os.environ["E2E_BASE_URL"]  # set by ./x e2e (the port ioc picked)


def fetch(path):
    with urllib.request.urlopen(BASE + path, timeout=30) as res:
        return res.headers, res.read()


class CkanClient(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ckan = ckanapi.RemoteCKAN(BASE, user_agent="ioc-e2e/1.0")

    def test_list_and_show(self):
        names = self.ckan.action.package_list()
        self.assertIn("tourism-monthly", names)
        self.assertIn("air-quality-monthly", names)
        self.assertNotIn("documents-monthly", names, "private datasets stay out")
        pkg = self.ckan.action.package_show(id="health-facilities")
        self.assertEqual(pkg["organization"]["name"], "syt")
        self.assertEqual([r["format"] for r in pkg["resources"]], ["CSV", "JSON", "GeoJSON"])
        self.assertTrue(all(r["url"].startswith("http") for r in pkg["resources"]))

    def test_not_found_is_the_clients_exception(self):
        with self.assertRaises(ckanapi.NotFound):
            self.ckan.action.package_show(id="documents-monthly")
        with self.assertRaises(ckanapi.ValidationError):
            self.ckan.action.datastore_search(resource_id="tourism-monthly", filters={"nope": 1})
        with self.assertRaises(ckanapi.SearchQueryError):
            self.ckan.action.package_search(fq="nope:1")

    def test_search_with_a_filter_and_facets(self):
        for q in ("bụi mịn", "bui min"):
            res = self.ckan.action.package_search(q=q)
            self.assertEqual([p["name"] for p in res["results"]], ["air-quality-monthly"], q)
        res = self.ckan.action.package_search(
            fq="organization:syt", facet="true", **{"facet.field": ["organization", "res_format"]}
        )
        # Module 4's four public datasets.
        self.assertEqual(res["count"], 4)
        self.assertIn("health-facilities", [p["name"] for p in res["results"]])
        orgs = {i["name"]: i["count"] for i in res["search_facets"]["organization"]["items"]}
        self.assertEqual(orgs, {"syt": 4})
        formats = {i["name"] for i in res["search_facets"]["res_format"]["items"]}
        self.assertEqual(formats, {"CSV", "JSON", "GeoJSON"})
        page1 = self.ckan.action.package_search(rows=2, start=0, sort="name asc")
        page2 = self.ckan.action.package_search(rows=2, start=2, sort="name asc")
        names1 = [p["name"] for p in page1["results"]]
        names2 = [p["name"] for p in page2["results"]]
        self.assertEqual(len(names1), 2)
        self.assertFalse(set(names1) & set(names2))
        self.assertEqual(names1 + names2, sorted(names1 + names2))

    def test_datastore_filters_sort_and_paging(self):
        res = self.ckan.action.datastore_search(
            resource_id="tourism-monthly",
            filters={"district_code": "747", "month": ["2024-01", "2024-02", "2024-03"]},
            sort="visitors desc",
            fields=["month", "visitors"],
        )
        self.assertEqual(res["total"], 3)
        visitors = [r["visitors"] for r in res["records"]]
        self.assertEqual(visitors, sorted(visitors, reverse=True))
        self.assertEqual(set(res["records"][0]), {"month", "visitors"})
        seen = []
        for offset in range(0, 40, 10):
            page = self.ckan.action.datastore_search(
                resource_id="air-quality-monthly.csv", limit=10, offset=offset, sort="_id"
            )
            self.assertEqual(page["total"], 8 * 48)
            seen += [r["_id"] for r in page["records"]]
        self.assertEqual(len(seen), 40)
        self.assertEqual(len(set(seen)), 40, "pages do not overlap")
        self.assertEqual(seen, sorted(seen))
        lists = self.ckan.action.datastore_search(
            resource_id="tourism-monthly", limit=2, records_format="lists", fields="district_code,month"
        )
        self.assertEqual(lists["records"][0], ["747", "2021-01"])

    def test_organizations_groups_tags_resource_status(self):
        self.assertEqual(len(self.ckan.action.organization_list()), 14)
        self.assertIn("envi", self.ckan.action.group_list())
        self.assertIn("ô nhiễm không khí", self.ckan.action.tag_list())
        res = self.ckan.action.resource_show(id="tourism-monthly.json")
        self.assertEqual(res["format"], "JSON")
        self.assertTrue(self.ckan.action.status_show()["ckan_version"].startswith("2."))


class Dcat(unittest.TestCase):
    def parse(self, path, fmt):
        _, body = fetch(path)
        g = rdflib.Graph()
        g.parse(data=body.decode("utf-8"), format=fmt, publicID=BASE + path)
        return g

    def check_dataset(self, g, ds):
        # DCAT-AP 3.0: mandatory title and description; recommended publisher, theme,
        # keyword, contact point; distributions with an access URL.
        self.assertTrue(list(g.objects(ds, DCTERMS.title)), ds)
        self.assertTrue(list(g.objects(ds, DCTERMS.description)), ds)
        self.assertTrue(list(g.objects(ds, DCTERMS.publisher)), ds)
        self.assertTrue(list(g.objects(ds, DCAT.theme)), ds)
        self.assertTrue(list(g.objects(ds, DCAT.contactPoint)), ds)
        dists = list(g.objects(ds, DCAT.distribution))
        self.assertGreaterEqual(len(dists), 2, ds)
        for d in dists:
            self.assertIn((d, RDF.type, DCAT.Distribution), g)
            urls = list(g.objects(d, DCAT.accessURL))
            self.assertEqual(len(urls), 1)
            self.assertIn("/download/", str(urls[0]))
            self.assertTrue(list(g.objects(d, DCTERMS.format)))

    def test_catalogue_in_both_serialisations_says_the_same(self):
        ttl = self.parse("/catalog.ttl", "turtle")
        jsonld = self.parse("/catalog.jsonld", "json-ld")
        self.assertTrue(ttl.isomorphic(jsonld) or len(ttl) == len(jsonld), (len(ttl), len(jsonld)))
        for g in (ttl, jsonld):
            cats = list(g.subjects(RDF.type, DCAT.Catalog))
            self.assertEqual(len(cats), 1)
            cat = cats[0]
            self.assertTrue(list(g.objects(cat, DCTERMS.title)))
            self.assertTrue(list(g.objects(cat, DCTERMS.description)))
            self.assertTrue(list(g.objects(cat, DCTERMS.publisher)))
            datasets = list(g.objects(cat, DCAT.dataset))
            self.assertGreaterEqual(len(datasets), 3)
            for ds in datasets:
                self.assertIn((ds, RDF.type, DCAT.Dataset), g)
                self.check_dataset(g, ds)
        titles = {str(t) for t in ttl.objects(None, DCTERMS.title)}
        self.assertIn("Chất lượng không khí và ô nhiễm bụi mịn theo tháng (demo)", titles)

    def test_one_dataset_with_its_time_span(self):
        for path, fmt in (("/dataset/air-quality-monthly.ttl", "turtle"), ("/dataset/air-quality-monthly.jsonld", "json-ld")):
            g = self.parse(path, fmt)
            ds = next(g.subjects(RDF.type, DCAT.Dataset))
            self.check_dataset(g, ds)
            period = next(g.objects(ds, DCTERMS.temporal))
            self.assertEqual(str(next(g.objects(period, DCAT.startDate))), "2021-01-01")
            self.assertEqual(str(next(g.objects(period, DCAT.endDate))), "2024-12-31")


class Downloads(unittest.TestCase):
    def test_csv_and_geojson(self):
        headers, body = fetch("/download/health-facilities.csv")
        self.assertTrue(headers["Content-Type"].startswith("text/csv"))
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
        # Module 4's register: the 14 hospitals of OpenStreetMap, and generated district
        # centres and commune stations marked synthetic.
        self.assertEqual(len(rows), 100)
        self.assertEqual(sum(r["synthetic"] == "false" for r in rows), 14)
        self.assertTrue(all(r["name"] for r in rows))
        headers, body = fetch("/download/health-facilities.geojson")
        gj = json.loads(body)
        self.assertEqual(gj["type"], "FeatureCollection")
        self.assertEqual(len(gj["features"]), 100)
        for f in gj["features"]:
            lon, lat = f["geometry"]["coordinates"]
            self.assertTrue(106 < lon < 108 and 8 < lat < 11)


if __name__ == "__main__":
    unittest.main()
