-- A database at revision 0002 (0001, and the stored plan, pinned blocks, updates sent to
-- clients and a job's predecessor), filled as Créneau stored it then.
-- Money as decimal text, dates YYYY-MM-DD, a job's due as a date or an ISO 8601 date-time
-- with its UTC offset, other date-times ISO 8601 with their offset, tags (and the plan's
-- job order) as JSON arrays, enumerations as their values. Written by hand for this
-- revision's schema, never generated from today's tables: see README.md beside it.

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
                  due, deadline, status, price, notes, remaining_minutes, after_id) VALUES
  ('j1f0a2', 'cb299a', 'Saisie comptable de novembre', 'work', '["compta"]', 300, 60,
   '2026-11-28', '2026-12-07', 'hard', 'in_progress', NULL, 'Pièces déposées samedi', 200,
   NULL),
  ('j2b7c4', 'cb299a', 'Relance de trois factures impayées', 'work', '[]', 45, 0,
   '2026-11-30', '2026-12-02T12:00:00+01:00', 'soft', 'todo', '40.00', '', NULL, 'j1f0a2'),
  ('j3d9e1', 'cb0d60', 'Dossier de demande d''aide au logement', 'work',
   '["démarches", "logement"]', 120, 0, '2026-11-26', '2026-12-05', 'hard', 'todo', NULL,
   '', NULL, NULL),
  ('j4a5b6', 'cb43c0', 'Point annuel', 'meeting', '[]', 60, 60, '2026-11-02',
   '2026-11-20T17:00:00+01:00', 'soft', 'done', '90', 'Au cabinet', NULL, NULL);

INSERT INTO calendar_events (source, uid, payload, timezones) VALUES
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
   'END:VTIMEZONE' || char(13, 10)),
  ('agenda.ics', 'point-loire@example.org',
   'BEGIN:VEVENT' || char(13, 10) ||
   'UID:point-loire@example.org' || char(13, 10) ||
   'DTSTAMP:20261120T080000Z' || char(13, 10) ||
   'DTSTART:20261130T090000Z' || char(13, 10) ||
   'DURATION:PT30M' || char(13, 10) ||
   'RRULE:FREQ=WEEKLY;BYDAY=MO' || char(13, 10) ||
   'SUMMARY:Point hebdomadaire Loire Conseil (téléphone)' || char(13, 10) ||
   'END:VEVENT' || char(13, 10),
   '');

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
