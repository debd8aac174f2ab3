// The API's entities and names as the server declares them (src/api/entities, src/domain): imported as types
// only, so the web app cannot drift from what the server sends, and no server code reaches the bundle.
import type { serializeCredentialAccount } from '../../../src/api/entities/account.js';
import type { serializeAdminAnnouncements, serializeAnnouncements } from '../../../src/api/entities/announcement.js';
import type { serializeApplication } from '../../../src/api/entities/application.js';
import type { serializeInstanceV1, serializeInstanceV2 } from '../../../src/api/entities/instance.js';
import type { serializeNotificationRequest } from '../../../src/api/entities/notification-request.js';
import type { serializeRelationship } from '../../../src/api/entities/relationship.js';
import type { serializeStatusSource } from '../../../src/api/entities/status-edit.js';
import type { serializeTranslation } from '../../../src/api/entities/translation.js';

export type { AccountEntity } from '../../../src/api/entities/account.js';
export type { ArchiveEntity, ImportEntity } from '../../../src/api/entities/account-data.js';
export type { ContextEntity } from '../../../src/api/entities/context.js';
export type { CustomEmojiEntity } from '../../../src/api/entities/custom-emoji.js';
export type { FilterEntity, FilterKeywordEntity } from '../../../src/api/entities/filter.js';
export type { ListEntity } from '../../../src/api/entities/list.js';
export type {
  ActionEntity,
  AdminAppealEntity,
  AuditEntity,
  CaseDetailEntity,
  CaseEntity,
  ModeratedPostEntity,
} from '../../../src/api/entities/moderation.js';
export type { NotificationEntity } from '../../../src/api/entities/notification.js';
export type { PollEntity } from '../../../src/api/entities/poll.js';
export type { PreviewCardEntity } from '../../../src/api/entities/preview-card.js';
export type { ScheduledStatusEntity } from '../../../src/api/entities/scheduled-status.js';
export type { SearchEntity } from '../../../src/api/entities/search.js';
export type { MediaEntity, StatusEntity } from '../../../src/api/entities/status.js';
export type { TagEntity } from '../../../src/api/entities/tag.js';
export type { Scope } from '../../../src/domain/auth/scopes.js';
export type { FilterAction, FilterContext } from '../../../src/domain/filters/match.js';
export type { NotificationType, PushNotificationType } from '../../../src/domain/notifications/types.js';

// Entities the server builds without declaring an interface: their type is what its serializer returns.
export type CredentialAccountEntity = ReturnType<typeof serializeCredentialAccount>;
export type ApplicationEntity = ReturnType<typeof serializeApplication>;
export type InstanceEntity = ReturnType<typeof serializeInstanceV2>;
export type TranslationEntity = ReturnType<typeof serializeTranslation>;
export type NotificationRequestEntity = ReturnType<typeof serializeNotificationRequest>;
export type V1InstanceEntity = ReturnType<typeof serializeInstanceV1>;
export type RelationshipEntity = ReturnType<typeof serializeRelationship>;
export type StatusSourceEntity = ReturnType<typeof serializeStatusSource>;
export type AnnouncementEntity = ReturnType<typeof serializeAnnouncements>[number];
export type AdminAnnouncementEntity = ReturnType<typeof serializeAdminAnnouncements>[number];
