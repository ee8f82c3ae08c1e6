import { useEffect, useState } from 'react';
import { get, type ConsultationResults, type EventReport } from '../api';
import { Chart, type ChartOption } from '../chart';
import { Notice } from '../ui';

/** A horizontal bar chart of counts, largest first. */
export function countBars(title: string, rows: { label: string; count: number }[]): ChartOption {
  const sorted = [...rows].reverse();
  return {
    title: { text: title, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 220, right: 24, top: 36, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((r) => r.label), axisLabel: { width: 200, overflow: 'truncate' } },
    series: [{ type: 'bar', data: sorted.map((r) => r.count), itemStyle: { color: '#1d70b8' } }],
  };
}

/** The numbers of an event, or of events in a period: registrations, attendance, the sector and region mix, feedback. */
export function EventNumbers({ path }: { path: string }) {
  const [r, setR] = useState<EventReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<EventReport>(path).then(setR, setError);
  }, [path]);
  if (!r) return <Notice error={error} />;
  const reg = r.registrations;
  return (
    <section aria-labelledby="numbers-heading">
      <h2 id="numbers-heading">Numbers</h2>
      {r.notices.map((n) => (
        <p key={n} className="notice">
          {n}
        </p>
      ))}
      <dl className="stats">
        <dt>Events</dt>
        <dd>{r.events}</dd>
        <dt>Confirmed</dt>
        <dd>{reg.confirmed}</dd>
        <dt>Waitlisted</dt>
        <dd>{reg.waitlisted}</dd>
        <dt>Cancelled</dt>
        <dd>{reg.cancelled}</dd>
        <dt>Attended</dt>
        <dd>{r.attended}</dd>
        <dt>Attendance rate</dt>
        <dd>{r.attendanceRate === null ? '—' : `${Math.round(r.attendanceRate * 100)}%`}</dd>
      </dl>
      {r.bySector.length > 0 && <Chart name="attendees-by-sector" label="Confirmed registrants by sector (SIC section)" option={countBars('By sector (SIC section)', r.bySector)} height={Math.max(160, 40 + r.bySector.length * 26)} />}
      {r.byRegion.length > 0 && <Chart name="attendees-by-region" label="Confirmed registrants by region (ITL1)" option={countBars('By region (ITL1)', r.byRegion)} height={Math.max(160, 40 + r.byRegion.length * 26)} />}
      {r.events > 1 && <Chart name="events-by-type" label="Events by type" option={countBars('Events by type', r.byType)} height={Math.max(160, 40 + r.byType.length * 26)} />}
      {r.feedback.some((f) => f.responses > 0) && (
        <>
          <h3>Feedback</h3>
          <ul>
            {r.feedback.map((f) => (
              <li key={f.question}>
                {f.label}: {f.responses} answer{f.responses === 1 ? '' : 's'}
                {f.mean !== null ? `, mean ${f.mean.toFixed(1)}` : ''}
                {f.distribution.length > 0 && ` (${f.distribution.map((d) => `${d.value}: ${d.count}`).join(', ')})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** A consultation's distributions as charts. */
export function ResultCharts({ r }: { r: ConsultationResults }) {
  return (
    <>
      {r.byStakeholderType.length > 0 && <Chart name="responses-by-type" label="Responses by stakeholder type" option={countBars('Responses by stakeholder type', r.byStakeholderType)} height={Math.max(160, 40 + r.byStakeholderType.length * 26)} />}
      {r.bySector.length > 0 && <Chart name="responses-by-sector" label="Responses by sector" option={countBars('By sector (SIC section)', r.bySector)} height={Math.max(160, 40 + r.bySector.length * 26)} />}
      {r.byRegion.length > 0 && <Chart name="responses-by-region" label="Responses by region" option={countBars('By region (ITL1)', r.byRegion)} height={Math.max(160, 40 + r.byRegion.length * 26)} />}
      {r.questions
        .filter((q) => q.distribution.length > 0)
        .map((q) => (
          <Chart key={q.id} name={`question-${q.id}`} label={q.label} option={countBars(`${q.label}${q.mean !== null ? ` (mean ${q.mean.toFixed(2)})` : ''}`, q.distribution.map((d) => ({ label: d.value, count: d.count })).reverse())} height={Math.max(160, 40 + q.distribution.length * 26)} />
        ))}
    </>
  );
}
