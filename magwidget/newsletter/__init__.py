"""Everything only the newsletter uses: rendering the series (render.py), the CSS inliner seam
(inline.py, cssinline.py) and delivery (send.py with smtp.py, journal.py, recipients.py).

Modules that other outputs or the build also use stay at the top: mime.py and subjects.py (the
build checks dates and subjects), esp.py (settings and --esp), unsubscribe.py (a documented API
for the reader's own unsubscribe endpoint) and cache.py.
"""
