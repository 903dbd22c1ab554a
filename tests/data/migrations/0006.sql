-- A database at revision 0006 (0005, and the data revision that triggers move on every
-- change to her data), filled as Créneau stored it then.
-- Money as decimal text, dates YYYY-MM-DD, a job's due as a date or an ISO 8601 date-time
-- with its UTC offset, other date-times ISO 8601 with their offset, tags (and the plan's
-- job order) as JSON arrays, enumerations as their values. Written by hand for this
-- revision's schema, never generated from today's tables: see README.md beside it.
-- The table data_revision gets its row (id 1) from the migration itself, and every row of
-- her data below moves it by one through the triggers: 27 rows (the plan and the caches
-- of places and drives do not move it).

INSERT INTO settings (name, value) VALUES
  ('timezone', 'Europe/Paris'),
  ('hours.wed', '09:00-12:30'),
  ('plan.max_clients_per_day', '3');

INSERT INTO clients (id, name, kind, address, postcode, town, latitude, longitude, email,
                     phone, hourly_rate, importance, language, first_contact, notes) VALUES
  ('cb299a', 'Boulangerie Fournil du Lac', 'business', '12 rue du Lac', '49240', 'Avrillé',
   47.5069, -0.5886, 'contact@fournil-du-lac.example', '02 41 00 00 01', '32', 3, 'fr',
   '2026-03-02', 'Saisie comptable mensuelle'),
  ('cb0d60', 'Mme Hélène Baudry', 'individual', '3 impasse des Tilleuls', '49240', 'Avrillé',
   NULL, NULL, 'h.baudry@mail.example', '06 00 00 00 08', '28.50', 2, 'en', NULL,
   'Aide aux démarches administratives'),
  ('cb43c0', 'Cabinet d''expertise comptable Loire Conseil', 'business', '40 boulevard Foch',
   '49100', 'Angers', 47.47, -0.551, 'cabinet@loire-conseil.example', '', NULL, 5, 'fr',
   '2026-01-15', '');

INSERT INTO jobs (id, client_id, title, kind, tags, effort_minutes, spent_minutes, received,
                  due, deadline, status, price, notes, remaining_minutes, after_id,
                  hourly_rate, done_on) VALUES
  ('j1f0a2', 'cb299a', 'Saisie comptable de novembre', 'work', '["compta"]', 300, 60,
   '2026-11-28', '2026-12-07', 'hard', 'in_progress', NULL, 'Pièces déposées samedi', 200,
   NULL, NULL, NULL),
  ('j2b7c4', 'cb299a', 'Relance de trois factures impayées', 'work', '[]', 45, 0,
   '2026-11-30', '2026-12-02T12:00:00+01:00', 'soft', 'todo', '40.00', '', NULL, 'j1f0a2',
   NULL, NULL),
  ('j3d9e1', 'cb0d60', 'Dossier de demande d''aide au logement', 'work',
   '["démarches", "logement"]', 120, 0, '2026-11-26', '2026-12-05', 'hard', 'todo', NULL,
   '', NULL, NULL, '30.00', NULL),
  ('j4a5b6', 'cb43c0', 'Point annuel', 'meeting', '[]', 60, 60, '2026-11-02',
   '2026-11-20T17:00:00+01:00', 'soft', 'done', '90', 'Au cabinet', NULL, NULL, NULL,
   '2026-11-20');

INSERT INTO calendar_events (source, uid, payload, timezones, earliest, latest) VALUES
  ('agenda.ics', 'dentiste-20261203@example.org',
   'BEGIN:VEVENT' || char(13, 10) ||
   'UID:dentiste-20261203@example.org' || char(13, 10) ||
   'DTSTAMP:20261120T080000Z' || char(13, 10) ||
   'DTSTART;TZID=Europe/Paris:20261203T140000' || char(13, 10) ||
   'DTEND;TZID=Europe/Paris:20261203T150000' || char(13, 10) ||
   'SUMMARY:Dentiste' || char(13, 10) ||
   'END:VEVENT' || char(13, 10),
   'BEGIN:VTIMEZONE' || char(13, 10) ||
   'TZID:Europe/Paris' || char(13, 10) ||
   'END:VTIMEZONE' || char(13, 10),
   '2026-12-01T13:00:00+00:00', '2026-12-05T14:00:00+00:00'),
  ('agenda.ics', 'point-loire@example.org',
   'BEGIN:VEVENT' || char(13, 10) ||
   'UID:point-loire@example.org' || char(13, 10) ||
   'DTSTAMP:20261120T080000Z' || char(13, 10) ||
   'DTSTART:20261130T090000Z' || char(13, 10) ||
   'DURATION:PT30M' || char(13, 10) ||
   'RRULE:FREQ=WEEKLY;BYDAY=MO' || char(13, 10) ||
   'SUMMARY:Point hebdomadaire Loire Conseil (téléphone)' || char(13, 10) ||
   'END:VEVENT' || char(13, 10),
   '', '2026-11-28T09:00:00+00:00', NULL);

INSERT INTO plan_state (id, computed_at, job_order) VALUES
  (1, '2026-11-30T08:30:00+01:00', '["j3d9e1", "j1f0a2", "j2b7c4"]');

INSERT INTO plan_blocks (id, job_id, client_id, kind, start, "end") VALUES
  ('j3d9e1-20261130-1', 'j3d9e1', 'cb0d60', 'work', '2026-11-30T09:00:00+01:00',
   '2026-11-30T11:00:00+01:00'),
  ('j1f0a2-20261130-1', 'j1f0a2', 'cb299a', 'work', '2026-11-30T13:30:00+01:00',
   '2026-11-30T16:00:00+01:00');

INSERT INTO pinned_blocks (id, job_id, start, "end") VALUES
  (1, 'j2b7c4', '2026-12-01T09:00:00+01:00', '2026-12-01T09:45:00+01:00');

INSERT INTO client_updates (id, client_id, sent_at, text) VALUES
  (1, 'cb299a', '2026-11-27T17:00:00+01:00',
   'Bonjour, la saisie de novembre commence lundi.' || char(10) || 'Bonne soirée.'),
  (2, 'cb0d60', '2026-11-28T10:15:00+01:00', '');

INSERT INTO time_entries (id, job_id, start, "end", note, source) VALUES
  ('t5c1d2', 'j1f0a2', '2026-11-28T09:00:00+01:00', '2026-11-28T10:00:00+01:00',
   'Tri des pièces', 'log'),
  ('t8e3f4', 'j4a5b6', '2026-11-20T14:00:00+01:00', '2026-11-20T15:00:00+01:00', '',
   'timer'),
  ('t9a0b1', 'j1f0a2', '2026-11-30T08:15:00+01:00', NULL, '', 'timer');

INSERT INTO invoices (id, client_id, number, issued_on, amount, notes) VALUES
  ('i3f2a1', 'cb43c0', 'F-2026-041', '2026-11-20', '90.00', 'Point annuel du 20 novembre'),
  ('i7b8c9', 'cb299a', 'F-2026-042', '2026-11-30', '185.50', '');

INSERT INTO invoice_jobs (invoice_id, job_id, position) VALUES
  ('i3f2a1', 'j4a5b6', 0),
  ('i7b8c9', 'j2b7c4', 0),
  ('i7b8c9', 'j1f0a2', 1);

INSERT INTO payments (id, invoice_id, paid_on, amount) VALUES
  ('p1a2b3', 'i3f2a1', '2026-11-25', '50.00'),
  ('p4c5d6', 'i3f2a1', '2026-11-28', '40.00');

INSERT INTO places (key, latitude, longitude, source, label, updated_at) VALUES
  ('client:cb0d60', 47.5101, -0.5702, 'ban', '3 Impasse des Tilleuls 49240 Avrillé',
   '2026-11-29T18:02:11+01:00'),
  ('home', 47.4784, -0.5632, 'typed', '', '2026-11-29T18:00:00+01:00');

INSERT INTO geocode_cache (query, latitude, longitude, source, label, fetched_at) VALUES
  ('addr|3 impasse des tilleuls 49240 avrille', 47.5101, -0.5702, 'ban',
   '3 Impasse des Tilleuls 49240 Avrillé', '2026-11-29T18:02:11+01:00'),
  ('town|49100|angers', 47.47381, -0.54774, 'town', 'Angers', '2026-11-29T18:00:05+01:00'),
  ('addr|route de nulle part 99999 ailleurs', NULL, NULL, 'ban', '',
   '2026-11-29T18:03:40+01:00');

INSERT INTO travel_cache (key, km, minutes, source) VALUES
  ('osrm|http://localhost:5000|47.47840,-0.56320|47.51010,-0.57020', 5.2, 11, 'osrm'),
  ('osrm|http://localhost:5000|47.51010,-0.57020|47.47840,-0.56320', 5.4, 12, 'osrm');
