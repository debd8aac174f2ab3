import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export const notificationsRoutes = new Hono<AppEnv>();
