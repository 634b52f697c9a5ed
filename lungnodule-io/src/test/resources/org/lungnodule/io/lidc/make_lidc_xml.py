#!/usr/bin/python3
"""Writes the synthetic LIDC-IDRI XML test files (schema of LIDC's LidcReadMessage, namespace
http://www.nih.gov). Run once from this folder: /usr/bin/python3 make_lidc_xml.py

The scan these files refer to is synthetic too (built in the tests): 64 x 64 x 10 voxels,
spacing 1.0 x 1.0 x 2.0 mm, origin (-32, -32, -100) mm, identity direction, so slice k has
z = -100 + 2k mm. Contours are circles of pixels around a centre (column x, row y).
"""
import math

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<LidcReadMessage xmlns="http://www.nih.gov" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" uid="1.3.6.1.4.1.14519.5.2.1.6279.6001.test" xsi:schemaLocation="http://www.nih.gov http://troll.rad.med.umich.edu/lidc/LidcReadMessage.xsd">
  <ResponseHeader>
    <Version>1.8.1</Version>
    <MessageId>1</MessageId>
    <DateRequest>2026-11-27</DateRequest>
    <TaskDescription>Second unblinded read</TaskDescription>
    <SeriesInstanceUid>{series}</SeriesInstanceUid>
    <StudyInstanceUID>1.2.826.0.1.3680043.8.498.1</StudyInstanceUID>
  </ResponseHeader>
"""


def circle(cx, cy, r):
    pts = []
    for s in range(72):
        t = 2 * math.pi * s / 72
        p = (cx + int(round(r * math.cos(t))), cy + int(round(r * math.sin(t))))
        if not pts or pts[-1] != p:
            pts.append(p)
    if pts[0] == pts[-1]:
        pts.pop()
    return pts


def roi(z, pts, inclusion=True):
    em = "".join("<edgeMap><xCoord>%d</xCoord><yCoord>%d</yCoord></edgeMap>" % p for p in pts)
    return ("      <roi><imageZposition>%.6f</imageZposition><imageSOP_UID>1.2.3.%d</imageSOP_UID>"
            "<inclusion>%s</inclusion>%s</roi>\n" % (z, int(z * 10) % 1000, "TRUE" if inclusion else "FALSE", em))


def nodule(nid, malignancy, rois):
    ch = ""
    if malignancy is not None:
        ch = ("      <characteristics><subtlety>4</subtlety><internalStructure>1</internalStructure>"
              "<calcification>6</calcification><sphericity>4</sphericity><margin>4</margin>"
              "<lobulation>2</lobulation><spiculation>1</spiculation><texture>5</texture>"
              "<malignancy>%d</malignancy></characteristics>\n" % malignancy)
    return "    <unblindedReadNodule>\n      <noduleID>%s</noduleID>\n%s%s    </unblindedReadNodule>\n" % (nid, ch, "".join(rois))


def small(nid, z, x, y):
    return ("    <unblindedReadNodule>\n      <noduleID>%s</noduleID>\n" % nid
            + roi(z, [(x, y)]) + "    </unblindedReadNodule>\n")


def non_nodule(nid, z, x, y):
    return ("    <nonNodule><nonNoduleID>%s</nonNoduleID><imageZposition>%.6f</imageZposition>"
            "<imageSOP_UID>1.2.3.9</imageSOP_UID><locus><xCoord>%d</xCoord><yCoord>%d</yCoord></locus></nonNodule>\n"
            % (nid, z, x, y))


def session(reader, body):
    return ("  <readingSession>\n    <annotationVersion>3.12</annotationVersion>\n"
            "    <servicingRadiologistID>%s</servicingRadiologistID>\n%s  </readingSession>\n" % (reader, body))


def sphere(cx, cy, r, zs):
    return [roi(z, circle(cx, cy, r)) for z in zs]


ZS = [-96.0, -94.0, -92.0]

# ---- four readers: nodule A (malignant, with a hole in reader 1's middle slice), nodule B
# (benign, readers 1-2), nodule C (median exactly 3, readers 3-4), a small nodule (reader 3),
# a non-nodule (reader 4)
a1 = [roi(-96.0, circle(20, 20, 4)), roi(-94.0, circle(20, 20, 4)), roi(-94.0, circle(20, 20, 1), False),
      roi(-92.0, circle(20, 20, 4))]
s1 = nodule("Nodule 001", 4, a1) + nodule("Nodule 002", 1, sphere(45, 40, 3, [-90.0, -88.0]))
s2 = nodule("IL057_127364", 5, sphere(20, 20, 5, ZS)) + nodule("IL057_2", 2, sphere(45, 41, 3, [-90.0, -88.0]))
s3 = nodule("1", 4, sphere(21, 20, 4, ZS)) + small("5", -84.0, 10, 55) + nodule("7", 3, sphere(40, 12, 3, [-98.0, -96.0]))
s4 = nodule("Nodule 1", 3, sphere(20, 21, 3, ZS)) + nodule("Nodule 2", 3, sphere(40, 12, 3, [-98.0]))
s4 += non_nodule("Non-nodule 1", -82.0, 60, 3)
with open("four_readers.xml", "w") as f:
    f.write(HEAD.format(series="1.2.826.0.1.3680043.8.498.4") + session("reader-A", s1) + session("reader-B", s2)
            + session("reader-C", s3) + session("reader-D", s4) + "</LidcReadMessage>\n")

# ---- two readers: a near pair (centres 9 px apart, radius 3: contours 3 mm apart) that must
# stay two nodules, a single-reader nodule, and a 2 mm nodule rated by both
p1 = nodule("n1", 5, sphere(20, 30, 3, ZS)) + nodule("n2", 2, sphere(29, 30, 3, ZS)) \
    + nodule("n3", 5, sphere(50, 50, 4, ZS)) + nodule("n4", 1, [roi(-86.0, circle(10, 10, 1))])
p2 = nodule("m2", 1, sphere(29, 30, 3, ZS)) + nodule("m1", 4, sphere(20, 30, 3, ZS)) \
    + nodule("m4", 2, [roi(-86.0, circle(10, 10, 1))])
with open("two_readers_near_pair.xml", "w") as f:
    f.write(HEAD.format(series="1.2.826.0.1.3680043.8.498.2") + session("r1", p1) + session("r2", p2)
            + "</LidcReadMessage>\n")

# ---- hostile files
with open("xxe.xml", "w") as f:
    f.write("""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE LidcReadMessage [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<LidcReadMessage xmlns="http://www.nih.gov">
  <ResponseHeader><SeriesInstanceUid>&xxe;</SeriesInstanceUid></ResponseHeader>
</LidcReadMessage>
""")
with open("billion_laughs.xml", "w") as f:
    ents = ['<!ENTITY lol "lol">'] + ['<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10) for i in range(1, 10)]
    f.write('<?xml version="1.0"?>\n<!DOCTYPE LidcReadMessage [\n ' + "\n ".join(ents) + '\n]>\n'
            '<LidcReadMessage xmlns="http://www.nih.gov"><ResponseHeader><SeriesInstanceUid>&lol9;</SeriesInstanceUid></ResponseHeader></LidcReadMessage>\n')
print("ok")
