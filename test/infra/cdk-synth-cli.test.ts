import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { envWithoutAws } from '../../local/env-without-aws';
import { FUNCTIONS } from '../../functions/lib/handlers/function-catalogue';
import { buildStack, REPOSITORY_ROOT } from './helpers/build-stack';

const CDK = path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'cdk');
const TEMPLATE = 'ZoomLiveStreamStack.template.json';

/**
 * cfn-lint checks left out, each with its reason:
 * - W3005 (DependsOn already implied by a GetAtt/Ref): CDK adds an explicit DependsOn from each
 *   function to its role and the role's default policy, so the policy exists before the function
 *   can be invoked; redundant with the Role GetAtt for the role itself, harmless, and not ours to remove.
 */
const CFN_LINT_IGNORED = ['W3005'];


function cdkSynth(outdir: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(CDK, ['synth', '--quiet', '--output', outdir, ...args], {
    cwd: REPOSITORY_ROOT,
    // A machine with no AWS account: no credentials, profile or instance metadata.
    env: { ...envWithoutAws(), CI: 'true' },
    encoding: 'utf8',
    timeout: 180_000,
  });
}

function cfnLint(...templates: string[]): SpawnSyncReturns<string> {
  return spawnSync('cfn-lint', ['--ignore-checks', ...CFN_LINT_IGNORED, '--', ...templates], {
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('npx cdk synth without AWS credentials', () => {
  let workdir: string;
  let outdir: string;
  let synth: SpawnSyncReturns<string>;

  beforeAll(() => {
    // Arrange + Act (shared): one real synth with bundling; it is the slow part of this suite.
    workdir = mkdtempSync(path.join(tmpdir(), 'zoom-synth-'));
    outdir = path.join(workdir, 'cdk.out');
    synth = cdkSynth(outdir);
  }, 240_000);

  afterAll(() => {
    rmSync(workdir, { recursive: true, force: true });
  });

  it('succeeds and writes the ZoomLiveStreamStack template', () => {
    expect({ status: synth.status, stderr: synth.status === 0 ? '' : synth.stderr }).toEqual({ status: 0, stderr: '' });
    expect(existsSync(path.join(outdir, TEMPLATE))).toBe(true);
  });

  it('bundles each function into a minified ES module index.mjs with a source map', () => {
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));

    expect(assets).toHaveLength(Object.keys(FUNCTIONS).length);
    for (const asset of assets) {
      const code = readFileSync(path.join(outdir, asset, 'index.mjs'), 'utf8');
      expect(statSync(path.join(outdir, asset, 'index.mjs.map')).size).toBeGreaterThan(0);
      expect(code).toContain('sourceMappingURL=index.mjs.map');
      // The stand-ins replaced what they stand for: no MIME table, no default credential chain.
      expect(code).not.toContain('application/vnd.');
      expect(code).not.toContain('fromSSO');
      // Minified: long lines (only strings with newlines and licence comments break them), not a
      // statement per line as unminified esbuild output has (about 30 characters a line).
      expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
    }
  });

  it('passes cfn-lint, as does a variant with an imported secret, a customer key, schedules and alarm e-mail', () => {
    const variant = path.join(workdir, 'variant.template.json');
    const { template } = buildStack({
      secretName: 'zoom/prod',
      kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      alarmEmail: 'ops@example.com',
      schedules: [
        { name: 'weekly', meetingId: '85746065432', start: 'cron(55 8 ? * MON *)', stop: 'cron(30 10 ? * MON *)', timezone: 'Europe/Berlin' },
        { name: 'launch', meetingId: '85746065433', start: 'at(2031-03-01T17:55:00)' },
        { name: 'webinar', webinarId: '91234567890', start: 'cron(0 17 ? * FRI *)', settings: { display_name: 'Launch' }, startWindowMinutes: 30 },
      ],
    });
    writeFileSync(variant, JSON.stringify(template.toJSON(), null, 1));

    const lint = cfnLint(path.join(outdir, TEMPLATE), variant);

    expect({ status: lint.status, findings: lint.stdout + lint.stderr }).toEqual({ status: 0, findings: '' });
  });

  it('fails on bad schedules, naming each entry and field, before anything is bundled', () => {
    const file = path.join(workdir, 'bad-schedules.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'bad-cron', meetingId: '85746065432', start: 'cron(55 8 * * MON *)' },
        { name: 'bad-meeting', meetingId: '12345', start: 'rate(1 day)' },
        { name: 'bad-zone', meetingId: '85746065432', start: 'cron(0 9 ? * MON-FRI *)', timezone: 'Europe/Atlantis' },
        { name: 'bad-zone', meetingId: '85746065432', start: 'rate(2 hours)' },
        { name: 'stop-first', meetingId: '85746065432', start: 'at(2027-03-01T18:00:00)', stop: 'at(2027-03-01T17:00:00)' },
        { name: 'bad-rate', meetingId: '85746065432', start: 'rate(0 minutes)' },
        { name: 'both-ids', meetingId: '85746065432', webinarId: '91234567890', start: 'rate(1 day)', startWindowMinutes: 240 },
      ]),
    );

    const result = cdkSynth(path.join(workdir, 'bad-schedules.out'), '-c', `schedulesFile=${file}`);

    expect(result.status).not.toBe(0);
    const at = (index: number, name: string) => `${file}[${index}] "${name}": `;
    expect(result.stderr).toContain(`${at(0, 'bad-cron')}start: invalid cron expression "cron(55 8 * * MON *)"`);
    expect(result.stderr).toContain(`${at(1, 'bad-meeting')}meetingId: must be a string of 9 to 19 digits`);
    expect(result.stderr).toContain(`${at(2, 'bad-zone')}timezone: unknown IANA time zone "Europe/Atlantis"`);
    expect(result.stderr).toContain(`${at(3, 'bad-zone')}name: duplicates ${file}[2]`);
    expect(result.stderr).toContain(`${at(4, 'stop-first')}stop: at(2027-03-01T17:00:00) is not after start`);
    expect(result.stderr).toContain(`${at(5, 'bad-rate')}start: invalid rate expression "rate(0 minutes)"`);
    expect(result.stderr).toContain(`${at(6, 'both-ids')}webinarId: give either meetingId or webinarId, not both`);
    expect(result.stderr).toContain(`${at(6, 'both-ids')}startWindowMinutes: must be a whole number of minutes from 0 to 120`);
    expect(existsSync(path.join(workdir, 'bad-schedules.out', TEMPLATE))).toBe(false);
  });

  it('fails with a message naming the context key when the context is wrong', () => {
    const result = cdkSynth(path.join(workdir, 'bad.out'), '-c', 'secretName=zoom/prod', '-c', 'secretArn=nonsense');

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('Invalid CDK context "secretArn": give either secretName or secretArn, not both');
  });
});
