import { StaffAccount } from '../accounts/staff-account';
import { CampaignComposer } from './campaign-composer';
import { Campaign, FormBody } from './campaign-form';
import { EXCLUSIONS } from './campaign-views';
import { CAMPAIGNS_TEXT as T } from './campaigns.text';
import { fill } from '../views/fill';

const list = (value: unknown) => (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).filter((v): v is string => typeof v === 'string');

/**
 * Known tags as ticked boxes, and whatever else was picked or typed in the field beside them (a draft's tags that
 * nobody follows any more stay visible there, not lost).
 */
function tagChoices(known: { name: string; subscribers?: number }[], ticked: unknown, typed: unknown) {
  const picked = new Set(list(ticked).map((t) => t.toLowerCase()));
  const names = new Set(known.map((k) => k.name));
  const others = [...[...picked].filter((p) => !names.has(p)), ...(typeof typed === 'string' && typed.trim() ? [typed.trim()] : [])];
  return {
    options: known.map((k) => ({ value: k.name, label: k.subscribers === undefined ? '' : k.subscribers === 1 ? T.composer.follower : fill(T.composer.followers, { count: k.subscribers.toLocaleString('en') }), checked: picked.has(k.name) })),
    other: others.join(', '),
  };
}

/**
 * Everything the composer page shows for a form as it is (new, a saved draft, or posted back): the choices, the
 * audience figures, and, for a saved draft, one customer's previews.
 */
export async function composerView(
  composer: CampaignComposer,
  person: StaffAccount,
  options: { campaign?: Campaign; values: FormBody; zone: string; warnings?: string[] },
) {
  const { campaign, values, zone } = options;
  const [tags, answer] = await Promise.all([composer.knownTags(person), composer.figures(person, values, zone)]);
  const figures = 'figures' in answer ? answer.figures : undefined;
  const sample = figures?.sample ?? [];
  const chosen = sample.find((s) => s.id === values.previewFor) ?? sample.find((s) => s.both) ?? sample[0];
  const previews = campaign && chosen ? await composer.previews(person, campaign.id, values, chosen.id) : undefined;
  const regions = tagChoices(tags.regions, values.regions, values.regionsOther);
  const components = tagChoices(tags.components, values.components, values.componentsOther);
  const plans = tagChoices(tags.plans.map((name) => ({ name })), values.plans, values.plansOther);
  const heading = campaign ? fill(T.composer.draftTitle, { name: campaign.name }) : T.composer.newTitle;
  return {
    title: heading,
    heading,
    campaign,
    zone,
    formAction: campaign ? `/campaigns/${campaign.id}/draft` : '/campaigns/new',
    values: { ...values, regionsOther: regions.other, componentsOther: components.other, plansOther: plans.other },
    regionOptions: regions.options,
    componentOptions: components.options,
    planOptions: plans.options,
    channelOptions: [
      { value: '', label: T.composer.anyChannel, selected: !values.hasChannel },
      ...(['sms', 'email'] as const).map((c) => ({ value: c, label: T.channels[c], selected: values.hasChannel === c })),
    ],
    figures,
    // The figures' places are always on the page (console.js fills them in), shown or not.
    channelRows: (['sms', 'email'] as const).map((c) => ({ channel: c, label: c === 'sms' ? T.composer.bySms : T.composer.byEmail, count: figures?.[c] ?? '0', shown: typeof figures?.[c] === 'string' })),
    exclusionRows: figures?.exclusions ?? EXCLUSIONS.map((key) => ({ key, label: T.composer.exclusions[key], count: '0' })),
    figuresProblem: 'problem' in answer ? answer.problem : undefined,
    sample: sample.map((s) => ({ ...s, selected: s.id === chosen?.id })),
    chosenName: chosen?.name,
    previews,
    emailFrameUrl: campaign && chosen && previews?.email?.hasHtml ? `/campaigns/${campaign.id}/email-preview?${new URLSearchParams({ subscriberId: chosen.id })}` : undefined,
    dateHint: fill(T.composer.dateHint, { zone }),
    zoneHint: fill(T.composer.zoneHint, { zone }),
    warnings: options.warnings ?? [],
  };
}
